# args: -n
# A sub-make's -C into a missing directory stops the sub-make before it prints "Entering".
all:
	$(MAKE) -C no-such-directory
	@echo not reached
