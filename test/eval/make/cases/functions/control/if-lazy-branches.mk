$(info [$(if a,ok,$(error not evaluated))])
$(info [$(if ,$(error not evaluated),ok)])
all: ; @:
