# args: -n
all: x.g1 x.g2
%.g1 %.g2 &: ; @echo grouped $@ [$*]
