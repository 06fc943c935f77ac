include a.inc a.inc
$(info [$(MAKEFILE_LIST)])
all: ; @:
