# args: -n
all:
	$(MAKE) -f sub.inc other V=passed
