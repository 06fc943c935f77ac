here := $(CURDIR)/
$(info [$(patsubst $(here)%,%,$(abspath wild/sublink/../a.c))])
$(info [$(patsubst $(here)%,%,$(realpath wild/sublink/../a.c))])
all: ; @:
