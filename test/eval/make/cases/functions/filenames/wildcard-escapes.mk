$(info [$(wildcard wild/\a.c)])
$(info [$(wildcard wild/\*.c)])
all: ; @:
