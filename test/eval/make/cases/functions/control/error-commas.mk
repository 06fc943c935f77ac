$(error a,b,c)
all: ; @:
