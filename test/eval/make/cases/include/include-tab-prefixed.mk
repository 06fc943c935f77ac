	include a.inc
$(info [$(a_var)])
all: ; @:
