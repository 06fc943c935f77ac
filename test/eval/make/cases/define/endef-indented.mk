define v
x
  endef
$(info [$(v)])
all: ; @:
