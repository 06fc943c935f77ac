include nested-outer.inc
$(info [$(MAKEFILE_LIST)])
all: ; @:
