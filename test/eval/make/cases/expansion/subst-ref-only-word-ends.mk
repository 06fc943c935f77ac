foo := a.o.o b.ox .o
$(info [$(foo:.o=.c)])
all: ; @:
