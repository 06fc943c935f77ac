$(eval include eval-include.inc)
$(info [$(MAKEFILE_LIST)])
all: ; @:
