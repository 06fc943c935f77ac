x := a  b   c
$(info [$(subst  ,_,$(x))])
$(info [$(subst  ,_,$(x))])
$(info [$(subst a, ,$(x))])
all: ; @:
