a := x
a != echo y
b = x
b += $(shell echo z)
$(info [$(a)] [$(b)])
all: ; @:
