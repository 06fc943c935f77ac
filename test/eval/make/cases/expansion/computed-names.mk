x = y
y = z
z = u
$(info [$($(x))] [$($($(x)))])
all: ; @:
