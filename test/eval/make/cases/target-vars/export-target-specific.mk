# args: -n
all: export X := exported
all: ; @echo "[$$X]"
