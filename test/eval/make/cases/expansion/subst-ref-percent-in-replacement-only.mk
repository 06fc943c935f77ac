foo := a.o b.o
$(info [$(foo:.o=%.c)])
all: ; @:
