a := $(x
$(info [$(a)])
all: ; @:
