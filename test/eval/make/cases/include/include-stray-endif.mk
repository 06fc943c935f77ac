ifeq (a,a)
include stray-endif.inc
endif
all: ; @:
