$(info [$(foreach x,a b c,)])
$(info [$(foreach x,a b c,$(if $(filter b,$(x)),$(x)))])
all: ; @:
