# args: -n
# Under .SECONDEXPANSION a reference with blanks inside is one prerequisite word until it is
# expanded again: the function call is not cut at its blanks.
.SECONDEXPANSION:
objs := a.o b.o
prog: $$(patsubst %.c,%.o,x.c y.c) $$(objs)
	@echo link $^
%.o: ; @echo cc $@
