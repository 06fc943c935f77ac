# args: -n
X = $(Y)
Y := y
all: X += appended
all: ; @echo [$(X)]
Y := late
