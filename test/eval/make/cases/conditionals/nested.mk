a := 1
ifdef a
  ifeq ($(a),1)
    $(info nested-ok)
  else
    $(info wrong)
  endif
else
  ifeq (x,x)
    $(info wrong-outer)
  endif
endif
all: ; @:
