%.o %.c: %.x ; @:
all: ; @:
.DEFAULT_GOAL := all
$(info done)
