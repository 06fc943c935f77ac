# args: -n
all: a.o ; @:
a.o: %.o: fixed ; @echo [$<]
fixed: ; @:
