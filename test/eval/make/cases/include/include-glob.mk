include glob-*.inc
$(info [$(glob_1)] [$(glob_2)] [$(MAKEFILE_LIST)])
all: ; @:
