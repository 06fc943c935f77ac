srcs := b.c a.c c.h a.c
objs := $(sort $(patsubst %.c,%.o,$(filter %.c,$(srcs))))
$(info [$(objs)] [$(words $(objs))] [$(lastword $(objs))])
$(info [$(join $(addprefix obj/,$(basename $(objs))),$(suffix $(objs)))])
all: ; @:
