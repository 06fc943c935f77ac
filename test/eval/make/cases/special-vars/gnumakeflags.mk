$(info [$(GNUMAKEFLAGS)] [$(origin GNUMAKEFLAGS)])
all: ; @:
