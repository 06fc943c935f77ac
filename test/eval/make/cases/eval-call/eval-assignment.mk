$(eval x := 1)
$(eval y = $$(x)2)
$(info [$(x)] [$(y)] [$(origin x)])
all: ; @:
