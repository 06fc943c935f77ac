# TODO(GNU make prints the implicit recipe of a recipe-less double-colon target twice here)
# args: -r -n
q.c t1:: | t3
t3 t2: q
%: %.o ; @echo link $@
%.o: %.c ; @echo cc $@
%.c: ; @echo gen $@
