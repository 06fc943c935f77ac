# args: -n
all: data/foo.o
