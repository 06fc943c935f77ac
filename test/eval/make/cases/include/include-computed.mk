names := a b
include $(addsuffix .inc,$(names))
$(info [$(a_var)] [$(b_var)])
all: ; @:
