private a := p
$(info [$(a)] [$(origin a)])
all: ; @:
