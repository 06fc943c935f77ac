e =
e ?= set
$(info [$(e)] [$(origin e)])
all: ; @:
