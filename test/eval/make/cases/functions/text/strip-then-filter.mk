x :=    a     b
$(info [$(filter a b,$(x))] [$(x)])
all: ; @:
