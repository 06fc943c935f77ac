# args: -n
# A prerequisite that no rule makes takes .DEFAULT's recipe, with $< its own name; an existing
# file with no rule is up to date and runs nothing.
all: nosuch data/foo.c
	@echo all $^
.DEFAULT:
	@echo default [$@] [$<] [$*] [$^]
