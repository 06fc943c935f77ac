# args: -n A
# A target that does not match the static pattern: a warning, and the rule gives it no
# prerequisites (normal or order-only), with the target itself as $*.
A B: %.x: %.y | oo
	@echo $@ [$<] [$|] [$*]
%.y: ; @echo gen $@
oo: ; @echo oo
