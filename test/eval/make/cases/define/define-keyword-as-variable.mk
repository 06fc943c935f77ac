define := d
endef := e
$(info [$(define)] [$(endef)])
all: ; @:
