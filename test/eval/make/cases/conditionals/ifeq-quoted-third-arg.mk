ifeq "a" "a" "a"
$(info x)
endif
all: ; @:
