ifeq (a,a)
else
else
endif
all: ; @:
