ifeq (a,b)
x := $(error never)
$(info never)
endif
all: ; @:
$(info done)
