include a.inc b.inc
$(info [$(a_var)] [$(b_var)])
all: ; @:
