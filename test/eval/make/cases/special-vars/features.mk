$(info [$(filter-out guile load,$(.FEATURES))])
$(info [$(origin .FEATURES)] [$(flavor .FEATURES)])
all: ; @:
