f = [$(flavor 1)] [$(origin 1)]
$(info $(call f,x))
all: ; @:
