v = $(x)
$(info [$(foreach x,1 2,$(v))])
$(info [$(foreach x,1,$(flavor x) $(origin x))])
all: ; @:
