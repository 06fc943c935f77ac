v1 := v2
v2 := v3
v3 := v4
v4 := end
$(info [$($($($(v1))))])
all: ; @:
