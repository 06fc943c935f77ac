foo = $(bar)
bar = x.c y.c
$(info [$(foo:.c=.o)])
all: ; @:
