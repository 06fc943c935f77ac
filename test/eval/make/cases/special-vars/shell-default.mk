$(info [$(SHELL)] [$(.SHELLFLAGS)] [$(origin .SHELLFLAGS)])
all: ; @:
