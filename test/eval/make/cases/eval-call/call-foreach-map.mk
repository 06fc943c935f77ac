map = $(foreach x,$(2),$(call $(1),$(x)))
wrap = <$(1)>
$(info [$(call map,wrap,a b c)])
all: ; @:
