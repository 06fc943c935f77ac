x := $(y)
y := 1
$(info [$(x)] [$(y)])
all: ; @:
