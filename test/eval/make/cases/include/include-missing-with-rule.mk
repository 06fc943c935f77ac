# The included file has a rule whose recipe does not create it.
all: ; @:
include never-made.inc
never-made.inc: ; @:
$(info read [$(MAKEFILE_LIST)])
