# args: -n
.SECONDARY: chain.a
all: chain.b
%.b: %.a ; @echo b from $<
%.a: ; @echo make $@
