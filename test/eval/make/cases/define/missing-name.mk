define
x
endef
all: ; @:
