a =
a += x
b := x
b +=
c +=
$(info [$(a)] [$(b)] [$(c)])
all: ; @:
