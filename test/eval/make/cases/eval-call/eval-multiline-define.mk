define block
x := 1
y := 2
ifeq ($$(x),1)
z := yes
endif
endef
$(eval $(block))
$(info [$(x)] [$(y)] [$(z)])
all: ; @:
