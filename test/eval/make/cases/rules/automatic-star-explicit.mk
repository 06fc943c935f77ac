# args: -n
all: dir/name.suffix.x plain
dir/name.suffix.x plain: ; @echo [$@] [$*] [$(*D)] [$(*F)]
