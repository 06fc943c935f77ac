a != printf '%s\n' one two
$(info [$(a)] [$(flavor a)] [$(value a)])
all: ; @:
