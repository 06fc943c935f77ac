# args: -n X=cmd
all: X := target
all: ; @echo [$(X)] [$(origin X)]
