# args: -n
.SUFFIXES:
.SUFFIXES: .src
all: prog
.src: ; @echo single-suffix [$@] [$<]
prog.src: ; @echo source
