# Recipes of targets that are not built are never expanded.
other:
	$(error never)
all: ; @:
.DEFAULT_GOAL := all
$(info done)
