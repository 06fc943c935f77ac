# args: -n X=cmd
all: X := target
all: child ; @echo all [$(X)]
child: override X := over
child: ; @echo child [$(X)]
