# args: a=cmd
undefine a
$(info [$(a)] [$(origin a)])
override undefine a
$(info [$(a)] [$(origin a)])
all: ; @:
