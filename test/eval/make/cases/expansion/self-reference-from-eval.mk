
$(eval X = $$(X))

$(info $(X))
all: ; @:
