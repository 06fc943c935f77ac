all: ; @:
-include never-made.inc
never-made.inc: ; @:
$(info read)
