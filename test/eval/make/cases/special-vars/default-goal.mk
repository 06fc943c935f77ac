$(info [$(.DEFAULT_GOAL)])
first: ; @:
$(info [$(.DEFAULT_GOAL)])
second: ; @:
$(info [$(.DEFAULT_GOAL)] [$(origin .DEFAULT_GOAL)])
