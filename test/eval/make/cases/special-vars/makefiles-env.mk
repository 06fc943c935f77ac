$(info [$(MAKEFILES)] [$(origin MAKEFILES)])
all: ; @:
