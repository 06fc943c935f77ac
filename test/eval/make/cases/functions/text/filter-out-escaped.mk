$(info [$(filter-out \%x %,%x ax %)])
all: ; @:
