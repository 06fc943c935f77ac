define msg
line1
line2
endef
$(warning $(msg))
all: ; @:
