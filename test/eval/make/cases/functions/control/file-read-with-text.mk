$(info [$(file <file-read.inc,text)])
all: ; @:
