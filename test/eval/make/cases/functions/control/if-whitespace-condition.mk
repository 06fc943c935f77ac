sp := $(subst ,, )
$(info [$(if $(sp),yes,no)])
$(info [$(if    ,yes,no)])
$(info [$(if 	,yes,no)])
e :=
$(info [$(if $(e) $(e),yes,no)])
all: ; @:
