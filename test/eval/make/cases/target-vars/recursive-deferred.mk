# args: -n
all: X = $(Y)
all: ; @echo [$(X)]
Y := late-value
