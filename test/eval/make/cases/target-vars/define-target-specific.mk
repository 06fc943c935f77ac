# args: -n
all: define X
multi
endef
all: ; @echo done
