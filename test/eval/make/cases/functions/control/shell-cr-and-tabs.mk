$(info [$(shell printf 'a\tb\r\nc')])
all: ; @:
