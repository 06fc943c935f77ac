n := F
F = $(x)y
$(info [$(value $(n))])
all: ; @:
