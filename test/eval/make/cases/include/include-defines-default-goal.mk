# args: -n
include rule.inc
all: ; @echo all
