$(eval define v)
all: ; @:
