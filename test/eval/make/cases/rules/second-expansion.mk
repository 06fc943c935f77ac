# args: -n
.SECONDEXPANSION:
all: a.x b.x
deps_a := one
deps_b := two
%.x: $$(deps_$$*) ; @echo [$@] [$^]
one two: ; @echo $@
