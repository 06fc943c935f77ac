undefine
all: ; @:
