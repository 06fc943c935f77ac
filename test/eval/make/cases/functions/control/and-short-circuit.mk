$(info [$(and ,$(error not evaluated))])
$(info [$(and a , b )])
all: ; @:
