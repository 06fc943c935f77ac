# args: -n x.o
# A terminal rule takes a prerequisite that is a target, though it does not exist; that
# prerequisite then gets no implicit rule of its own.
%.o:: %.c
	@echo o $@ [$<]
x.c:
%.c: ; @echo never $@
