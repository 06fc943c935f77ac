ifeq (a,b)
  ifeq (c,c)
    $(info wrong)
  else
    $(info wrong2)
  endif
  $(error not evaluated)
endif
$(info done)
all: ; @:
