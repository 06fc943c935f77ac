n := v
define $(n)_x
body
endef
$(info [$(v_x)])
all: ; @:
