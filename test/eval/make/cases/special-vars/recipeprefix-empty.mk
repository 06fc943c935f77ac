$(info [$(.RECIPEPREFIX)] [$(origin .RECIPEPREFIX)])
all: ; @:
