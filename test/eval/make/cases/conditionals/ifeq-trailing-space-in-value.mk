x := a 
ifeq ($(x),a)
$(info equal)
else
$(info different)
endif
all: ; @:
