else
all: ; @:
