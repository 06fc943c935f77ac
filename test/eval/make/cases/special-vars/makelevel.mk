$(info [$(MAKELEVEL)] [$(origin MAKELEVEL)])
all: ; @:
