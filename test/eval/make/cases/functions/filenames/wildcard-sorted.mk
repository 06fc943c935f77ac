$(info [$(wildcard wild/*.c)])
$(info [$(wildcard wild/*)])
all: ; @:
