# args: -n
all: a/b/c.o
a/b/c.o: x/y.c z.c ; @echo [$(@D)] [$(@F)] [$(^D)] [$(?D)] [$(*D)] [$(*F)]
x/y.c z.c: ; @:
