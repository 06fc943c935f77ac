ifeq (a,a)
$(info x)
all: ; @:
