# args: -n
all: S := simple
all: R = recursive
all: ; @echo [$(origin S)] [$(flavor S)] [$(origin R)] [$(flavor R)]
