x :=   a.c	b.c   c.c  
$(info [$(patsubst %.c,%.o,$(x))])
$(info [$(patsubst %,<%>,)])
all: ; @:
