# args: -n
all: src/a.o ; @:
%.o: data/foo.c ; @echo [$*] [$@] [$<]
