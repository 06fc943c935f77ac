$(eval x := $$$$)
$(info [$(x)] [$(value x)])
all: ; @:
