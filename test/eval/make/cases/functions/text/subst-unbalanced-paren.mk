$(info [$(subst (,[,f(x) (y))])
$(info [$(subst a,(b),aca)])
all: ; @:
