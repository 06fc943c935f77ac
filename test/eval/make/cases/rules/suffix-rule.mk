# args: -n
.SUFFIXES: .in .out
all: data/foo.out
.in.out: ; @echo suffix [$<] [$@] [$*]
data/foo.in: ; @echo make $@
