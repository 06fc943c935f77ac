x := early
define v ::=
$(x)
endef
$(info [$(v)] [$(flavor v)])
all: ; @:
