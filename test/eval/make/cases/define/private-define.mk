private define v
x
endef
$(info [$(v)] [$(origin v)])
all: ; @:
