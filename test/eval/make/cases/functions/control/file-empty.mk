$(info [$(file )])
all: ; @:
