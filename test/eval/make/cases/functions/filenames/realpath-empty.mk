$(info [$(realpath )])
$(info [$(realpath   )])
all: ; @:
