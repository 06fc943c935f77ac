# args: -r -n
# The chain makes out.x for out.y, then make stops at missing: the intermediate file is still
# removed (listed), after the error.
all: out.y missing
%.y: %.x ; @echo y from $<
%.x: ; @echo x $@
