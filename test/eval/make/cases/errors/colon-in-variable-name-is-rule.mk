a:b = c
all: ; @:
$(info ok)
