$(info [$(SUFFIXES)] [$(origin SUFFIXES)])
all: ; @:
