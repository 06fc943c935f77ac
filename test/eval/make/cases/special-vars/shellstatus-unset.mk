$(info [$(.SHELLSTATUS)] [$(origin .SHELLSTATUS)])
x := $(shell exit 2)
$(info [$(.SHELLSTATUS)] [$(origin .SHELLSTATUS)] [$(flavor .SHELLSTATUS)])
all: ; @:
