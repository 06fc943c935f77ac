ifeq(a,a)
$(info nospace)
endif
all: ; @:
