all: nothing.zz
%.o: %.c ; @:
