define v
x
endef
undefine v
$(info [$(origin v)])
all: ; @:
