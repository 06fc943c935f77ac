ifdef nothing
$(info x)
all: ; @:
