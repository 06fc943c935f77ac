define v
x
endef # comment
$(info [$(v)])
all: ; @:
