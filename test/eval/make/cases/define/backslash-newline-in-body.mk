define v
a \
b
endef
$(info [$(v)])
all: ; @:
