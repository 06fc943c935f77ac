files := a/b.c c.h.in /x/y.d/z
$(info [$(join $(basename $(files)),$(suffix $(files)))])
$(info [$(suffix $(basename c.h.in))])
all: ; @:
