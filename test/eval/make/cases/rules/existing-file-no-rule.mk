# args: data/foo.c
$(info read)
all: ; @:
