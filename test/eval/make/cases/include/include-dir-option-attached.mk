# args: -Iinc-dir
-include only-in-dir.inc
$(info [$(MAKEFILE_LIST)])
all: ; @:
