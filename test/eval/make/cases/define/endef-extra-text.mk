define v
x
endef junk
$(info [$(v)])
all: ; @:
