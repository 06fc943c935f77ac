# args: -n
all: missing-target
missing-target: data/foo.c phony-prereq
	@echo [$?]
phony-prereq: ; @:
.PHONY: phony-prereq
