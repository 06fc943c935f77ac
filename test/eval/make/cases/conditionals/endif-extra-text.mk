ifeq (a,a)
$(info a)
endif junk
all: ; @:
