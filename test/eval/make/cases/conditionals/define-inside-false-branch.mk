ifeq (a,b)
define v
endif
endef
endif
$(info [$(v)] [$(origin v)])
all: ; @:
