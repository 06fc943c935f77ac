override x
all: ; @:
