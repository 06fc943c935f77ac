# A command that leaves a process running in the background with $(shell)'s output: make reads
# that output until the last process holding it closes it, so the late line is part of the result.
x := $(shell (sleep 0.3; echo late) & echo now)
$(info [$(x)] [$(.SHELLSTATUS)])
all: ; @:
