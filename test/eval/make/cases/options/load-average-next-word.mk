# args: -l 2x
# -l takes the next word when it starts as a number, so 2x is not a goal.
all: ; @:
