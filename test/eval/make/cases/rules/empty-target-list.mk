: prerequisite-of-nothing
all: ; @:
$(info done)
