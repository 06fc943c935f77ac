include inc-sub/first.inc
all: ; @:
