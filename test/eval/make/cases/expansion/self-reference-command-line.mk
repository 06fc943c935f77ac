# args: X=$(X)


$(info [$(X)])
all: ; @:
