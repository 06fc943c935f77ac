all: X := $(error in target-specific)
all: ; @:
