# args: a=cmd
override a += more
$(info [$(a)] [$(origin a)])
all: ; @:
