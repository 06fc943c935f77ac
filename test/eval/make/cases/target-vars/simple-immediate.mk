# args: -n
Y := early
all: X := $(Y)
Y := late
all: ; @echo [$(X)]
