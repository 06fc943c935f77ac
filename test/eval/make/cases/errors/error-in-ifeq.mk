ifeq ($(error in condition),)
endif
all: ; @:
