x = $(warning from x)

y := $(x)
$(x)
all: ; @:
