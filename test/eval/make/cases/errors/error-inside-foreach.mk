$(info [$(foreach x,a b c,$(if $(filter b,$(x)),$(error at $(x)),$(x)))])
all: ; @:
