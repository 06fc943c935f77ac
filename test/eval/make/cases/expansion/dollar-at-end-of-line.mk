a := x$
$(info [$(a)] [$(value a)])
all: ; @:
