$(info [$(SUBST a,b,a)])
$(info [$(Subst a,b,a)])
all: ; @:
