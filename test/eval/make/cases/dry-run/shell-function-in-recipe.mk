# args: -n
all:
	echo $(shell echo computed-at-expansion)
