foo := a.o b.o l.a c.o
$(info [$(foo:.o=.c)] [${foo:.o=.c}])
all: ; @:
