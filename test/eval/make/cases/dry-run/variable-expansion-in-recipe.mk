# args: -n
CFLAGS := -O2
late = $(LATE)
all:
	cc $(CFLAGS) $(late) -o $@
LATE := at-end
