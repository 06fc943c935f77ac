# args: a=1 two
$(info [$(MAKECMDGOALS)] [$(a)])
two: ; @:
all: ; @:
