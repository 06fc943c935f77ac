x := a
ifeq ( $(x) , a )
$(info stripped)
endif
ifeq ($(x) ,a)
$(info right-space)
endif
ifeq (,$(empty))
$(info empty)
endif
ifeq ( , )
$(info both-empty)
endif
all: ; @:
