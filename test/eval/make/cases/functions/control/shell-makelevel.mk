$(info [$(shell echo $$MAKELEVEL)])
all: ; @:
