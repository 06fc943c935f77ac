$(info [$(subst a,b)])
all: ; @:
