# args: -R
$(info [$(CC)] [$(origin CC)] [$(MAKE)] [$(origin MAKE)])
all: ; @:
