$(info [$(file !x)])
all: ; @:
