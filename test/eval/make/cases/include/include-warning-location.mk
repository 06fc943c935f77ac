include warn.inc
$(warning back in main)
all: ; @:
