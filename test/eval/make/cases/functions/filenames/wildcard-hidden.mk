$(info [$(wildcard wild/.*.c)])
$(info [$(wildcard wild/*hidden*)])
all: ; @:
