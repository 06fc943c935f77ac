ifeq (a,a)
$(info first)
else ifeq (a,a)
$(info second)
endif
all: ; @:
