# args: -f does-not-exist.mk
all: ; @:
