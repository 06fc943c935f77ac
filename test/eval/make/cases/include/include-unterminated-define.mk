include open-define.inc
endef
all: ; @:
