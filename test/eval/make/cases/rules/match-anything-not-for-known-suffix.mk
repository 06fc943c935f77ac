# args: -n
# data/anything/y.c.q exists, but a .c file is of a known kind (the built-in rules make %.c from
# %.y and %.l), so the non-terminal match-anything rule does not apply to it.
all: data/anything/y.c
%: %.q
	@echo from $<
