$(info [$(patsubst %.c,%.o,foo.c bar.c baz.h)])
$(info [$(patsubst %.c,obj/%.o,a.c b/c.c)])
all: ; @:
