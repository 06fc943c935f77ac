$(info [$(eval z := 1)] [$(z)])
all: ; @:
