$(info [$(file <file-two-newlines.inc)])
all: ; @:
