v := first
define v +=
second
third
endef
$(info [$(v)])
all: ; @:
