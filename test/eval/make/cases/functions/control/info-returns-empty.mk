x := [$(info inner)]
$(info $(x))
all: ; @:
