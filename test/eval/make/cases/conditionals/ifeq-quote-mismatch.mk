ifeq "a' "a"
endif
all: ; @:
