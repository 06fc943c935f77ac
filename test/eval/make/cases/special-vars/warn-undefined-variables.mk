# args: --warn-undefined-variables
x := $(undefined_one)
y = $(undefined_two)
$(info [$(y)])
all: ; @:
