a :=
a += x
$(info [$(a)])
all: ; @:
