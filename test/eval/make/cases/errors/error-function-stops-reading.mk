$(info one)
$(error stop here)
$(info never)
all: ; @:
