all: ; @:
this line has no separator
