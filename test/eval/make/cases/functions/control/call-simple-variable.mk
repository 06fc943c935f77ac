f := [$(1)]
$(info [$(call f,x)])
all: ; @:
