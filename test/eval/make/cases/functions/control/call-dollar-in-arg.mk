f = $(1)
$(info [$(call f,$$x)])
$(info [$(call f,$$(x))])
x := X
all: ; @:
