$(info [$(if a)])
all: ; @:
