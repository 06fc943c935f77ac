# args: --just-print
all: ; @echo long-option
