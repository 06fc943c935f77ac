sources := foo.c bar.c baz.s ugh.h
$(info [$(filter %.c %.s,$(sources))])
$(info [$(filter %.h,$(sources))])
$(info [$(filter foo.c,$(sources))])
all: ; @:
