sp := $(subst ,, )
ifdef sp
$(info space-is-defined)
endif
all: ; @:
