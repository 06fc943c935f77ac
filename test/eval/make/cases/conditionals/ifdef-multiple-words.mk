a := 1
ifdef a b
$(info x)
endif
all: ; @:
