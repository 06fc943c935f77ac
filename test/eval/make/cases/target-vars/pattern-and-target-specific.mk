# args: -n
X := global
%.o: X := pattern
a.o: X := target
all: a.o ; @:
a.o: ; @echo [$(X)]
