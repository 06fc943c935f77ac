# args: -n CFLAGS=-O2
CPPFLAGS = -Iinclude
all: data/main.o
