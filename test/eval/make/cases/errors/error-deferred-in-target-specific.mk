all: X = $(error deferred target-specific)
all: ; @:
$(info done)
