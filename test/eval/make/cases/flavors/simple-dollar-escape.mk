a := $$x $$(y) $$$$
$(info [$(a)] [$(value a)])
b = $$x
$(info [$(b)] [$(value b)])
all: ; @:
