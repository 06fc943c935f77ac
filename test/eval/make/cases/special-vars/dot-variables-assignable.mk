.VARIABLES := x
$(info [$(filter x,$(.VARIABLES))] [$(origin .VARIABLES)] [$(flavor .VARIABLES)] [$(words $(filter .VARIABLES,$(.VARIABLES)))])
all: ; @:
