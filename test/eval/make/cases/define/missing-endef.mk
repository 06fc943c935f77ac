define v
x
all: ; @:
