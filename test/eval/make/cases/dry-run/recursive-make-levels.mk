# args: -n
all:
	$(MAKE) -f sub-level.inc
