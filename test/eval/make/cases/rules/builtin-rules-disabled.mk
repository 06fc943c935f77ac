# args: -n -r
all: data/foo.o
