all: ; @:
dc:: X := 1
dc:: ; @:
$(info done)
