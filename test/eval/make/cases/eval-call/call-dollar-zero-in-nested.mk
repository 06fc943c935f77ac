f = $(0):$(call g)
g = $(0)
$(info [$(call f)])
all: ; @:
