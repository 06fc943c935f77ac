a    =    spaced value   
b:=x
c ::=y
d+=z
e?=w
$(info [$(a)] [$(b)] [$(c)] [$(d)] [$(e)])
all: ; @:
