# args: -n
.EXTRA_PREREQS := extra
all: one ; @echo [$^]
extra one: ; @echo $@
