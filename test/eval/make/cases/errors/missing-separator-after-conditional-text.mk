all: ; @:
ifeq (a,a)
garbage
endif
