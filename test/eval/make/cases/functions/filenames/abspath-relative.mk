here := $(CURDIR)/
$(info [$(patsubst $(here)%,%,$(abspath a b/../c ./d e/))])
$(info [$(if $(filter $(CURDIR),$(abspath .)),same,diff)] [$(filter-out $(CURDIR),$(abspath . ./))])
all: ; @:
