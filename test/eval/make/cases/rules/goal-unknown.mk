# args: nosuchgoal
all: ; @:
