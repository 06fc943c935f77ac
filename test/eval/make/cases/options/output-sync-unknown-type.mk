# args: -Ofoo
# -O's argument must be attached, and one of none, line, target, recurse.
$(info not read)
all: ; @:
