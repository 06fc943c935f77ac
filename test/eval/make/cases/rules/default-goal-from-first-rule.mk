# args: -n
first second: ; @echo $@
