# Sums with word counts: a unary fold over a list.
fold = $(if $(2),$(call fold,$(1)$(firstword $(2)),$(wordlist 2,$(words $(2)),$(2))),$(1))
$(info [$(call fold,,a b c d)])
all: ; @:
