$(info [$(wildcard wild/a.c wild/zz.c)])
$(info [$(wildcard ./wild/a.c)])
$(info [$(wildcard wild//a.c)])
all: ; @:
