$(info [$(value @)])
all: ; @:
