$(eval ifeq (a,a))
$(info after)
all: ; @:
