x := a\#b
y := \\#c
$(info [$(x)] [$(y)])
all: ; @:
