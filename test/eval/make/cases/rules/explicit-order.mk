# args: -n
all: one two three
	@echo all done
one: ; @echo one
two: ; @echo two
three: one ; @echo three
