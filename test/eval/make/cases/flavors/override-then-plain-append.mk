override a = x
a += y
$(info [$(a)])
all: ; @:
