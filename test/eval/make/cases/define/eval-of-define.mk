define rules
a := 1
b = $$(a)2
endef
$(eval $(rules))
$(info [$(a)] [$(b)])
all: ; @:
