# args: -n
X := global
all: X += more
all: child ; @echo all [$(X)]
child: X += child-more
child: ; @echo child [$(X)]
