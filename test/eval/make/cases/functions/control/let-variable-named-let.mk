let = L
$(info [$(let)] [$(let )])
all: ; @:
