all: needed ; @:
