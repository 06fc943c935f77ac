$(info [$(shell kbg-no-such-command-xyz 2>/dev/null)] [$(.SHELLSTATUS)])
all: ; @:
