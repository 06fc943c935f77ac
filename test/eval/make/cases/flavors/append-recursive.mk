a = x
a += $(b)
b = y
$(info [$(a)] [$(value a)])
all: ; @:
