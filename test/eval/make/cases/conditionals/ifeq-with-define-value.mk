define v
a
b
endef
define w
a
b
endef
ifeq ($(v),$(w))
$(info multiline-equal)
endif
all: ; @:
