all: ; @:
else
