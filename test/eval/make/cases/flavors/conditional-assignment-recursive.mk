a ?= $(b)
b = later
$(info [$(a)])
all: ; @:
