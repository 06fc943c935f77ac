override a := over
a := file
$(info [$(a)] [$(origin a)])
all: ; @:
