v := foo
foo := a.o
from := .o
to := .c
$(info [$($(v):.o=.c)] [$(foo:$(from)=$(to))])
all: ; @:
