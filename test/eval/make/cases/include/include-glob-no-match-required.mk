include nomatch-*.inc
$(info after)
all: ; @:
