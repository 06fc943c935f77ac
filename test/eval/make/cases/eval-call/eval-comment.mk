$(eval x := 1 # comment)
$(info [$(x)])
all: ; @:
