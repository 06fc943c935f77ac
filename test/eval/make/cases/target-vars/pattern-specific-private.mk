# args: -n
%.o: private X := private-pattern
all: a.o ; @:
a.o: b.dep ; @echo $@ [$(X)]
b.dep: ; @echo $@ [$(X)]
