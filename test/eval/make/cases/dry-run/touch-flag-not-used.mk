# args: -n
.PHONY: all
all: a b ; @echo [$^]
a b: ; @echo $@
