# args: a=$(b) b=B
$(info [$(a)] [$(flavor a)] [$(value a)])
all: ; @:
