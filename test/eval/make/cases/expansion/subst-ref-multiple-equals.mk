foo := a=b
$(info [$(foo:b=c=d)])
all: ; @:
