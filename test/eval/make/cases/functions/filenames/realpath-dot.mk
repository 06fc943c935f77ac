$(info [$(if $(filter $(CURDIR),$(realpath .)),same,diff)])
$(info [$(realpath /)] [$(realpath /.)] [$(realpath //)] [$(realpath /nonexistent)])
all: ; @:
