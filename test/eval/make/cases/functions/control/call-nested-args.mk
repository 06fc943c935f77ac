outer = $(call inner,$(1)$(1),$(2))
inner = <$(1)|$(2)|$(3)>
$(info [$(call outer,a,b,c)])
all: ; @:
