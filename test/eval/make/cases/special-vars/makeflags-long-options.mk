# args: -r -R --warn-undefined-variables
$(info [$(MAKEFLAGS)])
all: ; @:
