sinclude missing.inc b.inc
$(info after [$(b_var)])
all: ; @:
