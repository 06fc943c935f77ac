  ifeq (a,a)
    x := 1
  else
    x := 2
  endif
$(info [$(x)])
all: ; @:
