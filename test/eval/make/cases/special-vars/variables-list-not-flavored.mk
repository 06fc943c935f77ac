$(info [$(origin .VARIABLES)] [$(flavor .VARIABLES)])
all: ; @:
