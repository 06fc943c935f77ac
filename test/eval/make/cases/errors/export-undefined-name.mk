export $(empty)
all: ; @:
$(info done)
