$(info [$(wildcard wild/*/*.c)])
$(info [$(wildcard wild/sub*/)])
$(info [$(wildcard wild/sub/)])
all: ; @:
