define outer
define inner
x
endef
endef
$(info [$(outer)])
$(eval $(outer))
$(info [$(inner)])
all: ; @:
