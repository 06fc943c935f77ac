# args: -n
all:
	+echo run even with -n
