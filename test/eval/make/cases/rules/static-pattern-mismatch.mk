# args: -n
all: foo.o bar.x
foo.o bar.x: %.o: ; @echo [$@] [$*]
