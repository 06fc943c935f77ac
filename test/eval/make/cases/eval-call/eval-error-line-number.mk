define block
a := 1

$$(error inside eval)
endef

$(eval $(block))
all: ; @:
