$(info [$(file <nonexistent-file)])
all: ; @:
