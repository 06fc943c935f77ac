x := 1
a := $(x)
a += $(x)
x := 2
a += $(x)
$(info [$(a)])
all: ; @:
