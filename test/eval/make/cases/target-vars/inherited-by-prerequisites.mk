# args: -n
all: X := from-all
all: child ; @echo all [$(X)]
child: grandchild ; @echo child [$(X)]
grandchild: ; @echo grandchild [$(X)]
