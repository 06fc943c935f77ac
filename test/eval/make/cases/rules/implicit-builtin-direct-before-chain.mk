# args: -n data/chain/prog
# The built-in rules: `%: %.o` comes before `%: %.c` in make's suffix order, but prog.o would be
# an intermediate file while prog.c exists, so make compiles and links in one command.
all: ; @:
