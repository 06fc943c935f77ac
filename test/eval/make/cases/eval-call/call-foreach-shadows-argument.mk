# A $(foreach) variable named like an argument hides it inside the loop only.
f = $(foreach 1,u v,<$(1)$(2)>) $(1)
$(info $(call f,a,b))
$(info $(foreach x,1 2,$(x)$(origin x)) $(origin x))
all: ; @:
