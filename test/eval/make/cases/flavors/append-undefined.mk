a += x
a += y
$(info [$(a)] [$(flavor a)] [$(origin a)])
all: ; @:
