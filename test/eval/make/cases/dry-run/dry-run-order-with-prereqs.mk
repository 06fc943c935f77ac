# args: -n
all: b a
a: c ; @echo a
b: c ; @echo b
c: ; @echo c
