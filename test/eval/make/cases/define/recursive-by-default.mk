define v
$(x)
endef
x := late
$(info [$(v)] [$(value v)])
all: ; @:
