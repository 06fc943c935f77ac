define v
$(info expanded)text
endef
$(info before)
x := $(v)
$(info [$(x)])
all: ; @:
