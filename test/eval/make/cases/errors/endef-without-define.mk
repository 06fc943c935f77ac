endef
all: ; @:
