foo := a:b c:b
$(info [$(foo:b=x)] [$(foo::b=:x)])
all: ; @:
