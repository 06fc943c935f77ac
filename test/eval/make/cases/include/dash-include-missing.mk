-include missing.inc
$(info after)
all: ; @:
