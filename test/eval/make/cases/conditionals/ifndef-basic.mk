ifndef nothing
$(info undefined)
endif
x := 1
ifndef x
$(info wrong)
else
$(info defined)
endif
all: ; @:
