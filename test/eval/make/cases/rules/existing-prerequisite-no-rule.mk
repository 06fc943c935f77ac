# args: -n
all: data/foo.c data/bar.c ; @echo [$^]
