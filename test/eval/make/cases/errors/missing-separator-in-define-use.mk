define bad
no separator here
endef
all: ; @:
$(eval $(bad))
