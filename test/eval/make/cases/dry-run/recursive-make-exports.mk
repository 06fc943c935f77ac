# args: -n
export TOP := exported-value
NOT_EXPORTED := hidden
all:
	$(MAKE) -f sub-env.inc
