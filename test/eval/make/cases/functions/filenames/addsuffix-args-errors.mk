$(info [$(addsuffix .c)])
all: ; @:
