ifeq " a" "a"
$(info wrong)
else
$(info kept)
endif
all: ; @:
