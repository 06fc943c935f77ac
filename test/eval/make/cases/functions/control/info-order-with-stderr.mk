$(info out1)
$(warning err1)
$(info out2)
all: ; @:
