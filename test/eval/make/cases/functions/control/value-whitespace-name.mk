x = 1
$(info [$(value  x )])
all: ; @:
