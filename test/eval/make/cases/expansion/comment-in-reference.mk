x := a # not a reference $(y)
$(info [$(x)])
y := $(subst a,b,a#c)
$(info [$(y)])
all: ; @:
