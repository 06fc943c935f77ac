$(info [$(abspath )])
all: ; @:
