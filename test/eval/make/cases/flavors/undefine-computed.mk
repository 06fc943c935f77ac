n := x
x := 1
undefine $(n)
$(info [$(origin x)])
all: ; @:
