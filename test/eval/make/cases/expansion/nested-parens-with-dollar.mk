e :=
a(b)c := ok
$(info [$(a$(e)(b)c)] [$(a(b)c)])
all: ; @:
