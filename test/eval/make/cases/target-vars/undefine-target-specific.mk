# args: -n
X := global
all: undefine X
all: ; @echo [$(X)]
