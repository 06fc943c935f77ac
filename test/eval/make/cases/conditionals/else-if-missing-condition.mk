ifeq (a,b)
else if
endif
all: ; @:
