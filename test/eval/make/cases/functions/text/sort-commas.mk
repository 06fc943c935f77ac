$(info [$(sort b,a c)])
all: ; @:
