:= value
all: ; @:
