$(info [$(SHELL)] [$(origin SHELL)])
all: ; @:
