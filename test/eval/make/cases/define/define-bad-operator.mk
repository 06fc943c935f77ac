define v junk
x
endef
$(info [$(v)] [$(origin v junk)] [$(v junk)])
all: ; @:
