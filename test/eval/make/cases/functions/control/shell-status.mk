$(info [$(shell exit 3)] [$(.SHELLSTATUS)])
$(info [$(shell true)] [$(.SHELLSTATUS)])
all: ; @:
