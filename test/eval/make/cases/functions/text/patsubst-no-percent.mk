$(info [$(patsubst foo,bar,foo foo.c xfoo foo)])
all: ; @:
