a = x # comment
b = y\# not a comment
c = z#
$(info [$(a)] [$(b)] [$(c)])
all: ; @:
