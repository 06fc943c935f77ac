# args: -r -n
# Without built-in rules, a pattern rule with no recipe and no prerequisites is enough to make
# .c files a known kind for the match-anything rule.
all: data/anything/y.c
%: %.q
	@echo from $<
%.c:
