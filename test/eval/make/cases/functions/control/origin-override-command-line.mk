# args: V=cmd
V = file
$(info [$(origin V)] [$(V)])
override V = over
$(info [$(origin V)] [$(V)])
all: ; @:
