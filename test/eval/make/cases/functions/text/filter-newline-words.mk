define two
a.c
b.h
endef
$(info [$(filter %.c,$(two))] [$(filter-out %.c,$(two))])
all: ; @:
