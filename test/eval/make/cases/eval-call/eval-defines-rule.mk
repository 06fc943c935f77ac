# args: -n
$(eval all: ; @echo from-eval)
