n := var
$(n)_x := 1
$(n)$(n) = 2
$(info [$(var_x)] [$(varvar)])
all: ; @:
