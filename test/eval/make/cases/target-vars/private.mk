# args: -n
X := global
all: private X := private-value
all: child ; @echo all [$(X)]
child: ; @echo child [$(X)]
