# args: -n
all: x
x: a b a c b ; @echo [$^] [$+]
a b c: ; @:
