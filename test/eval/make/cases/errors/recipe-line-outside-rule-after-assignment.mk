x := 1
	echo orphan
all: ; @:
