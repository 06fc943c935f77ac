# args: -n
all:
	$(MAKE) -f sub-error.inc
	@echo not reached
