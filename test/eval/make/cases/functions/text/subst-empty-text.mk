$(info [$(subst a,b,)])
$(info [$(subst a,,banana)])
all: ; @:
