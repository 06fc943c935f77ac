# args: -n
all: private X := p
all: X2 := visible
all: child ; @:
child: ; @echo [$(X)] [$(X2)]
