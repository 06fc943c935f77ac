$(info [$(addprefix p,a,b c)])
all: ; @:
