# TODO(GNU make checks an .INTERMEDIATE target's circular prerequisites in another order)
# args: -r -n q
.INTERMEDIATE: q.c
q.c: t1
t1: q.c
t1: V = one
%: %.c ; @echo link $@
%.c: ; @echo gen $@
