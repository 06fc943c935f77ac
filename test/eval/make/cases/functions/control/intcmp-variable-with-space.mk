intcmp_1 := x
$(info [$(intcmp_1)] [$(intcmp 3,3,a)])
all: ; @:
