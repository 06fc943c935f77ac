n := a
a := 1
ifdef $(n)
$(info computed)
endif
ifndef $(n)_x
$(info computed-undefined)
endif
all: ; @:
