ifeq (a)
$(info x)
endif
all: ; @:
