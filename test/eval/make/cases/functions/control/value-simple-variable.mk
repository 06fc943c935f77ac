x := a$$b
$(info [$(value x)] [$(x)])
all: ; @:
