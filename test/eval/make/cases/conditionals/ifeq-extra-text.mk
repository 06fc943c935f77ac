ifeq (a,a) junk
$(info x)
endif
all: ; @:
