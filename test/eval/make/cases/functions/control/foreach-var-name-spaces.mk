$(info [$(foreach  x ,a b,$(x))])
all: ; @:
