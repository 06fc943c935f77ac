define v
x
	endef
y
endef
$(info [$(v)])
all: ; @:
