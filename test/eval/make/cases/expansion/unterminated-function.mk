$(info [$(subst a,b,c])
all: ; @:
