# args: -C no-such-directory
# make changes into each -C directory before it reads anything; one that is missing stops it.
$(info not read)
all: ; @:
