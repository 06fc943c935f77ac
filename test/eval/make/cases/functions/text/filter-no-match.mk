$(info [$(filter %.x,a b c)])
$(info [$(filter ,a b)])
$(info [$(filter a,)])
all: ; @:
