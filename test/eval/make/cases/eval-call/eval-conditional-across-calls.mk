ifeq (a,a)
$(eval x := 1)
endif
$(info [$(x)])
all: ; @:
