# args: -n
.RECIPEPREFIX := >
all:
> @echo with-prefix
$(info [$(.RECIPEPREFIX)])
