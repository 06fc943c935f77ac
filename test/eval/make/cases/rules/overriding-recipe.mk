# args: -n
all: ; @echo first
all: ; @echo second
