# args: -n
all: one two ; @:
one two: X := shared
one two: ; @echo $@ [$(X)]
