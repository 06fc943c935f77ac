# args: -n
.SECONDEXPANSION:
all: main
main: $$@.dep ; @echo [$^]
main.dep: ; @echo dep
