$(info [$(wildcard wild/nope.c)])
$(info [$(wildcard nope/*.c)])
$(info [$(wildcard )])
all: ; @:
