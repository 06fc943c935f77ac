# args: -n
T := all
$(T): X := computed
all: ; @echo [$(X)]
