.RECIPEPREFIX := ab
all: ; @:
$(info [$(.RECIPEPREFIX)])
