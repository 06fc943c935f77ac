define v
$$x $(y)
endef
y := Y
$(info [$(v)] [$(value v)])
all: ; @:
