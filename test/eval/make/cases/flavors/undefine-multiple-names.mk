a := 1
b := 2
undefine a b
$(info [$(origin a)] [$(origin b)] [$(origin a b)])
all: ; @:
