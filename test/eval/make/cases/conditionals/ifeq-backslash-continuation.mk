ifeq (a,\
a)
$(info continued)
endif
all: ; @:
