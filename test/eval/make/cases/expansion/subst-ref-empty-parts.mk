foo := a.o b.c
$(info [$(foo:.o=)] [$(foo:=.x)] [$(foo:)] [$(foo:=)])
all: ; @:
