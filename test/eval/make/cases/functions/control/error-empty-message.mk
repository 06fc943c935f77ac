$(error )
all: ; @:
