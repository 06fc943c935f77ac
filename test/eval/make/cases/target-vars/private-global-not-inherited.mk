# args: -n
private X := global-private
all: child ; @echo all [$(X)]
child: ; @echo child [$(X)]
