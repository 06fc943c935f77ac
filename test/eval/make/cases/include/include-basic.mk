$(info before)
include basic.inc
$(info [$(basic_var)])
all: ; @:
