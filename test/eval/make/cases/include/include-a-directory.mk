-include inc-sub
$(info ok)
all: ; @:
