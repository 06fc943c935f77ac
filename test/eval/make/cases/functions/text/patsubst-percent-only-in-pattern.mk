$(info [$(patsubst %.c,x.o,a.c b.c)])
all: ; @:
