# args: -n child
X := global
all: X := from-all
all: child ; @:
child: ; @echo child [$(X)]
