$(info [$(wildcard wild/%.c)])
all: ; @:
