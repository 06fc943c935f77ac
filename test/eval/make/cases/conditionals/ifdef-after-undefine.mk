a := 1
undefine a
ifdef a
$(info wrong)
else
$(info undefined)
endif
all: ; @:
