include
include $(nothing)
-include
$(info ok)
all: ; @:
