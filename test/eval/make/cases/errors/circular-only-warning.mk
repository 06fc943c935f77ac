# args: -n
all: a
a: b ; @echo a
b: a ; @echo b
