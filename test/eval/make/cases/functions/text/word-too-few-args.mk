$(info [$(word 1)])
all: ; @:
