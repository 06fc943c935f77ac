# args: -n
.SUFFIXES:
all: data/foo.o
