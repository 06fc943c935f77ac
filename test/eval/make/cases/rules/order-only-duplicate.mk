# args: -n
all: target
target: a | a b
	@echo [$^] [$|]
a b: ; @:
