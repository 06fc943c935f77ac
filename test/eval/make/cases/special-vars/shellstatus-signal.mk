# A shell that a signal ends: .SHELLSTATUS is 128 + the signal's number (143 for SIGTERM), and
# the output before the signal is kept.
x := $(shell echo before; kill -TERM $$$$; echo after)
$(info [$(x)] [$(.SHELLSTATUS)])
y := $(shell kill -KILL $$$$)
$(info [$(y)] [$(.SHELLSTATUS)])
all: ; @:
