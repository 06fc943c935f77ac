include missing1.inc a.inc missing2.inc
$(info after [$(a_var)])
all: ; @:
