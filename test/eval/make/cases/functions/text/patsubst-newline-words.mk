define two
x.c
y.c
endef
$(info [$(patsubst %.c,%.o,$(two))])
all: ; @:
