ifeq (a,b)
else ifxyz
endif
all: ; @:
