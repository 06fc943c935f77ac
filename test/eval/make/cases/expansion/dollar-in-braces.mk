x := X
x) := paren
y := ${x)}
$(info [${x}] [$(y)])
all: ; @:
