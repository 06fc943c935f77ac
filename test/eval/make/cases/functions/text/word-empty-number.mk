$(info [$(word ,a b)])
all: ; @:
