unexport a = b
all: ; @:
$(info done)
