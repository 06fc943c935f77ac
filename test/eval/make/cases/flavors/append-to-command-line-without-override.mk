# args: a=cmd
a += more
$(info [$(a)])
all: ; @:
