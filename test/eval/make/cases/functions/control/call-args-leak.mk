# Args beyond those passed are empty, not inherited from the outer call.
outer = $(call inner,x)
inner = <$(1)|$(2)>
$(info [$(call outer,a,b)])
all: ; @:
