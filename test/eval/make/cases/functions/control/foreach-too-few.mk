$(info [$(foreach x,a b)])
all: ; @:
