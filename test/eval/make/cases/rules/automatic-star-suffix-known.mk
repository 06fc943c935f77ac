# args: -n
all: dir/name.c
dir/name.c: ; @echo [$*] [$(*D)] [$(*F)]
