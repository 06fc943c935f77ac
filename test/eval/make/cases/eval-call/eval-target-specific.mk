# args: -n
$(eval all: x := target-value)
all: ; @echo [$(x)]
