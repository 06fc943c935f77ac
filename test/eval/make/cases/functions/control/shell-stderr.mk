$(info [$(shell echo to-stderr 1>&2; echo to-stdout)])
all: ; @:
