define msg
line1
line2
endef
$(error $(msg))
all: ; @:
