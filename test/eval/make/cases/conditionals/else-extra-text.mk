ifeq (a,a)
$(info a)
else junk
$(info b)
endif
all: ; @:
