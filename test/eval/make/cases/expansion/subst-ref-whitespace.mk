foo :=   a.o		b.o  c.o  
$(info [$(foo:.o=.c)])
all: ; @:
