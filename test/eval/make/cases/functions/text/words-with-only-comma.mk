$(info [$(words ,)])
$(info [$(firstword ,)])
all: ; @:
