dirs := a b c
$(info [$(foreach d,$(dirs),$(d)/x)])
$(info [$(foreach d,,$(d))])
all: ; @:
