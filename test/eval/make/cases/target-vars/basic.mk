# args: -n
X := global
all: X := target
all: ; @echo [$(X)]
$(info [$(X)])
