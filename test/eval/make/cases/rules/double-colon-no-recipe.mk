# args: -n
all: d
d:: one
d:: two
one two: ; @echo $@
