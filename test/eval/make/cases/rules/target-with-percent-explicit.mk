# args: -n
all: a%b ; @:
a\%b: ; @echo [$@]
