$(info [$(x])
all: ; @:
