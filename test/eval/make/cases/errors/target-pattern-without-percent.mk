all: x.o ; @:
x.o: foo.o: %.c ; @:
