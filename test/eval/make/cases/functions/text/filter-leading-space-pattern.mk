$(info [$(filter   %.c  , a.c)])
all: ; @:
