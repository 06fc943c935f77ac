X := $(X) a
X := $(X) b
$(info [$(X)])
all: ; @:
