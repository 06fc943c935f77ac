define block
a := 1
$$(warning inside eval)
endef
$(eval $(block))
$(warning after eval)
all: ; @:
