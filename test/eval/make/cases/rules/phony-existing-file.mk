# args: -n
.PHONY: data/foo.c
all: data/foo.c
data/foo.c: ; @echo rebuilding phony $@
