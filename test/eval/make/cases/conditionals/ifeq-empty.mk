ifeq
endif
all: ; @:
