$(info [$(word 99999999999,a b)])
all: ; @:
