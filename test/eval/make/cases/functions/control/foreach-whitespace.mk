$(info [$(foreach x,  a		b   c  ,<$(x)>)])
$(info [$(foreach x,a b, $(x) )])
all: ; @:
