# args: -n -k -i
$(info [$(MAKEFLAGS)])
all: ; @:
