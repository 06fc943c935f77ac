$(info [$(sort B a A b _ 1 10 9 Z z)])
$(info [$(sort a.c a-c a_c aa a)])
all: ; @:
