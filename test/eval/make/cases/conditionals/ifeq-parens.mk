ifeq (a,a)
$(info equal)
endif
ifeq (a,b)
$(info wrong)
endif
all: ; @:
