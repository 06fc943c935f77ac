# args: -n V=from-top
all:
	$(MAKE) -f sub.inc other
