a := x
a := $(a) y
$(info [$(a)])
all: ; @:
