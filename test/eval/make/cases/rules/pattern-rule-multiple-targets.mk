# args: -n
all: x.a x.b
%.a %.b: ; @echo once for $@ [$*]
