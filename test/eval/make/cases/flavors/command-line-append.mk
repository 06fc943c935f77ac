# args: a+=x a+=y
$(info [$(a)] [$(origin a)])
all: ; @:
