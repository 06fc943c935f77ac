X = x

X += $(X)

$(info [$(X)])
all: ; @:
