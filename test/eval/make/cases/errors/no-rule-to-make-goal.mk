# args: missing-goal
all: ; @:
