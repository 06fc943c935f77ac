# args: -n
%.o: X += generic
sub/%.o: X += specific
X := global
all: sub/a.o ; @:
sub/a.o: ; @echo [$(X)]
