# args: --dry-run
all: ; @echo dry
