include error.inc
all: ; @:
