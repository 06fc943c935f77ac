# args: -I inc-dir
include only-in-dir.inc
all: ; @:
