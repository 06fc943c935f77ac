# args: -n
all:
	@echo before
	$(MAKE) -f sub.inc
	@echo after
