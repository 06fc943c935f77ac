$(info [$(words	a b)])
$(info [$(firstword		x y)])
all: ; @:
