e :=
r =
ifdef e
$(info wrong-e)
else
$(info e-empty)
endif
ifdef r
$(info wrong-r)
else
$(info r-empty)
endif
all: ; @:
