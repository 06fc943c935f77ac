ifeq (a,b)
this is not make syntax
endif
$(info ok)
all: ; @:
