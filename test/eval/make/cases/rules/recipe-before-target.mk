	echo hi
all: ; @:
