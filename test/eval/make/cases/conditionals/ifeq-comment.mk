ifeq (a,a) # comment
$(info ok)
endif # another
all: ; @:
