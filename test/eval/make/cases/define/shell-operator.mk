define v !=
echo a; echo b
endef
$(info [$(v)] [$(flavor v)])
all: ; @:
