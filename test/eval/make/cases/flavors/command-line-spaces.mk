# args: 'a=  x  y  '
$(info [$(a)])
all: ; @:
