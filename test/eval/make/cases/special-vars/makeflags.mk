$(info [$(MAKEFLAGS)])
all: ; @:
