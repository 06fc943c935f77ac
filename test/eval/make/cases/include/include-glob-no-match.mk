-include nomatch-*.inc
$(info ok)
all: ; @:
