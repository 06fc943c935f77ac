$(info [$(wildcard wild/c.h wild/a.c wild/b.c)])
$(info [$(wildcard wild/b.c wild/*.c)])
all: ; @:
