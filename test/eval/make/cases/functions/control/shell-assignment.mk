x != echo a b
y := $(shell echo $$((1+2)))
$(info [$(x)] [$(y)] [$(flavor x)] [$(flavor y)])
all: ; @:
