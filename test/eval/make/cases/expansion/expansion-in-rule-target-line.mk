t := target
$(t): ; @:
$(info [$(t)])
all: ; @:
.DEFAULT_GOAL := all
