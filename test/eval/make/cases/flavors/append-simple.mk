b = 1
a := x
a += $(b)
b = 2
$(info [$(a)] [$(value a)])
all: ; @:
