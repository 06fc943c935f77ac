define nl


endef
x := a$(nl)b $(nl) c
$(info [$(strip $(x))])
all: ; @:
