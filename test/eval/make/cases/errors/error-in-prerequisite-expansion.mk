all: $(error in prerequisites) ; @:
