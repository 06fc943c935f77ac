# args: -n
all:
	@$(MAKE) -f sub.inc
