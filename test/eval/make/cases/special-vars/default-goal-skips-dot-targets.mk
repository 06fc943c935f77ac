.PHONY: all
.hidden: ; @:
%.o: %.c ; @:
$(info [$(.DEFAULT_GOAL)])
all: ; @:
