all: a ; @:
a: b ; @:
b: c ; @:
