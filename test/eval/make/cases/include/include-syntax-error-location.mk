include bad-syntax.inc
all: ; @:
