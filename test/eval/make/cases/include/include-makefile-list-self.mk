$(info [$(lastword $(MAKEFILE_LIST))])
include a.inc
$(info [$(lastword $(MAKEFILE_LIST))] [$(firstword $(MAKEFILE_LIST))])
all: ; @:
