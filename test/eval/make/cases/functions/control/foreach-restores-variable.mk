x := outer
$(info [$(foreach x,a b,$(x))] [$(x)] [$(flavor x)] [$(origin x)])
$(info [$(foreach y,a b,$(y))] [$(y)] [$(origin y)])
all: ; @:
