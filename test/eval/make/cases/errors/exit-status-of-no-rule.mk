# args: -k
all: a b ; @:
a: nothing ; @:
b: ; @:
