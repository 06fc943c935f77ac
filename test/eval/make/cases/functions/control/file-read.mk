$(info [$(file <file-read.inc)])
$(info [$(file < file-read.inc)])
all: ; @:
