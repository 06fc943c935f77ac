files := a/b.c c.h /x/y/z
$(info [$(join $(dir $(files)),$(notdir $(files)))])
all: ; @:
