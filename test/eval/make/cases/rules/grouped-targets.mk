# args: -n
all: g1 g2 g3
g1 g2 g3 &: ; @echo grouped $@
