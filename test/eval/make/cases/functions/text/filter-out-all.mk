$(info [$(filter-out %,a b c)])
$(info [$(filter-out ,a b c)])
$(info [$(filter-out a,)])
all: ; @:
