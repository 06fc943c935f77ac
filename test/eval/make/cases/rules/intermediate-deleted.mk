# args: -n
all: chain.b
%.b: %.a ; @echo b from $<
%.a: ; @echo make $@
