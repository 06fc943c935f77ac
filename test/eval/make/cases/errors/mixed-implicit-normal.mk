a %.o: ; @:
all: ; @:
