MAKEFILE_LIST += extra
$(info [$(MAKEFILE_LIST)])
all: ; @:
