define v ?=
one
endef
define v ?=
two
endef
$(info [$(v)])
all: ; @:
