sp := $(subst ,, )
$(eval $(sp))
$(info ok)
all: ; @:
