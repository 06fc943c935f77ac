ifeq (1,1)
a = x
a += y
endif
$(info [$(a)])
all: ; @:
