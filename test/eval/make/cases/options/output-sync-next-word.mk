# args: -O line
# -O never takes the next word: line is a goal.
all: ; @:
