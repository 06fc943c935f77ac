pre := fun
fun-a = A:$(1)
$(info [$(call $(pre)-a,x)])
all: ; @:
