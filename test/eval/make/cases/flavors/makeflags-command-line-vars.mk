# args: V=1 W='x y'
$(info [$(MAKEFLAGS)] [$(MAKEOVERRIDES)])
all: ; @:
