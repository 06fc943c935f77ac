t := true
$(info [$(if $(t),yes,no)] [$(if $(undefined-var),yes,no)])
all: ; @:
