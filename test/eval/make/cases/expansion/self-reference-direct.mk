X = a $(X)
all: ; @:
$(info [$(X)])
