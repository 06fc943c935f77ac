# args: -n
all: X != echo from-shell
all: ; @echo [$(X)]
