# args: -n
all: out.x ; @:
out.x: X = [$@] [$<]
out.x: in.y ; @echo $(X)
in.y: ; @:
