a = x\\
b = y\\\
z
$(info [$(a)] [$(b)])
all: ; @:
