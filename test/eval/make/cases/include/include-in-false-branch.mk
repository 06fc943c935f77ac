ifeq (a,b)
include missing.inc
endif
$(info ok)
all: ; @:
