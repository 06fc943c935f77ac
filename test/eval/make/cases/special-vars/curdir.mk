$(info [$(notdir $(CURDIR))] [$(origin CURDIR)] [$(flavor CURDIR)])
$(info [$(if $(filter $(shell pwd),$(CURDIR)),same,differs)])
all: ; @:
