$(info [$(subst,a,b)])
$(info [$(words,a b)])
all: ; @:
