x := early
define v :=
$(x)
endef
x := late
$(info [$(v)] [$(flavor v)])
all: ; @:
