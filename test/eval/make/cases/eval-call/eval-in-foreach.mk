$(foreach v,one two three,$(eval $(v)_var := $(v)-value))
$(info [$(one_var)] [$(two_var)] [$(three_var)])
all: ; @:
