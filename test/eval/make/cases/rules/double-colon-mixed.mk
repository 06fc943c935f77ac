all: dc
dc: ; @:
dc:: ; @:
