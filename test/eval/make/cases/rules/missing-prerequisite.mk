all: data/nothere.c ; @:
