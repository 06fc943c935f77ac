define v:=
$(x)
endef
x := 1
$(info [$(v)] [$(flavor v)])
all: ; @:
