# args: -n
M := $(MAKE)
all:
	echo $(M) is not run
