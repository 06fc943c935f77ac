e = $(error deferred)
$(info defined)
x := $(e)
all: ; @:
