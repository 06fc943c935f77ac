comma := ,
x := a,b
ifeq ($(x),a$(comma)b)
$(info comma-ok)
endif
ifeq (a,b,c)
$(info wrong)
else
$(info two-commas)
endif
all: ; @:
