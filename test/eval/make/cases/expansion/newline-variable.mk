define nl


endef
x := a$(nl)b
$(info [$(x)])
$(info [$(words $(x))])
all: ; @:
