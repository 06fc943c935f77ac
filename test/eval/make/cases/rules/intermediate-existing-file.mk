# TODO(when GNU make 4.3 deletes an existing file that .INTERMEDIATE names is not reproduced)
# args: -n data/foo
# data/foo.c exists; the built-in %: %.c makes data/foo from it, and GNU make leaves it.
.INTERMEDIATE: data/foo.c
all: ; @:
