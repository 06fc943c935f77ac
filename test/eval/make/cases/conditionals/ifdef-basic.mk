a := 1
ifdef a
$(info a-defined)
endif
ifdef nothing
$(info wrong)
else
$(info nothing-undefined)
endif
all: ; @:
