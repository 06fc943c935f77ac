first: ; @:
.DEFAULT_GOAL :=
second: ; @:
$(info [$(.DEFAULT_GOAL)])
