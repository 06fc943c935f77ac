# args: a=cmd b=cmd
a = file
override b = file
$(info [$(a)] [$(b)] [$(origin a)] [$(origin b)])
all: ; @:
