# args: -n
all: sub
sub:
