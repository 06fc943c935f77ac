X = $(subst a,b,$(X))
$(info before)
$(info [$(X)])
all: ; @:
