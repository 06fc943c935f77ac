$(info [$(a(b)c)])
a(b)c := weird
$(info [$(a(b)c)])
all: ; @:
