# args: -n
VPATH = data
all: prog
prog: foo.c bar.c ; @echo [$^] [$<]
