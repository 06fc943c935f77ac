$(eval include eval-include.inc)
$(info [$(from_inc)])
all: ; @:
