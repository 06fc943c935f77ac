$(info [$(patsubst a.c,%.o,a.c b.c)])
all: ; @:
