$(info before)
include missing.inc
$(info after)
all: ; @:
