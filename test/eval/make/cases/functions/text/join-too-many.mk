$(info [$(join a,b,c)])
all: ; @:
