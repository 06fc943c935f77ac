# args: -s
$(info [$(MAKEFLAGS)])
MAKEFLAGS += -k
$(info [$(MAKEFLAGS)])
all: ; @:
