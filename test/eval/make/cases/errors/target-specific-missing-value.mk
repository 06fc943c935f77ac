all: X
all: ; @:
