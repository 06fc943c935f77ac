$(info [$(shell echo a,b)])
all: ; @:
