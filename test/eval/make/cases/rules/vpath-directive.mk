# args: -n
vpath %.c data
all: prog
prog: foo.c main.c ; @echo [$^]
