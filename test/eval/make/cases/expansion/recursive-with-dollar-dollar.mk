a = $$(b)
b := B
$(info [$(a)] [$(value a)])
all: ; @:
