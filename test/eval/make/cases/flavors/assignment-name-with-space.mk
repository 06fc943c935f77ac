a b = c
all: ; @:
