names := X Y
export $(names)
X = x
$(info [$(X)] [$(origin X)])
all: ; @:
