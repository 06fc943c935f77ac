$(info [$(origin CC)] [$(CC)])
CC = mycc
$(info [$(origin CC)] [$(CC)])
all: ; @:
