a = x
a += $(a)
all: ; @:
$(info [$(a)])
