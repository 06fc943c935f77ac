$(info [$(shell echo hello)])
$(info [$(shell printf 'a\nb\n\n\n')])
$(info [$(shell printf 'a\n\nb')])
all: ; @:
