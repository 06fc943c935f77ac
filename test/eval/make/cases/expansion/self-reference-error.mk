X = $(Y)
Y = $(X)
$(info [$(X)])
all: ; @:
