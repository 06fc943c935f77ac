# args: -n -i
all: ; @echo with -i
