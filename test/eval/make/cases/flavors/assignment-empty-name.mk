= value
all: ; @:
