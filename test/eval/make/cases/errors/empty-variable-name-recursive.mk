$(empty) = value
all: ; @:
