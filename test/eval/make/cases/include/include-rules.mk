# args: -n
include rule.inc
all: inc_target
.DEFAULT_GOAL := all
