# ifdef looks at the value, not its expansion.
r = $(empty)
ifdef r
$(info r-defined)
endif
all: ; @:
