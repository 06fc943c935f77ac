X = $(X)
$(info ok)
all: ; @:
