# TODO(kbuild-graph never runs a recipe: a "+" line that is not a $(MAKE) invocation is printed, not run, so its output is missing)
# args: -n
all:
	+echo run even with -n
