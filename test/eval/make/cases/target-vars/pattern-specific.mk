# args: -n
X := global
%.o: X := pattern
all: a.o b.c ; @echo all [$(X)]
a.o: ; @echo $@ [$(X)]
b.c: ; @echo $@ [$(X)]
