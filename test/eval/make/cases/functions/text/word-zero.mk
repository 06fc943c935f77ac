$(info [$(word 0,a b)])
all: ; @:
