# args: -q
all: ; @:
