	ifeq (a,a)
$(info tab-prefixed)
	endif
all: ; @:
