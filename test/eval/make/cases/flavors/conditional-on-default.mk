CC ?= mycc
$(info [$(CC)] [$(origin CC)])
all: ; @:
