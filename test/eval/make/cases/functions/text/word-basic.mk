$(info [$(word 2, foo bar baz)])
$(info [$(word 1,foo bar)])
$(info [$(word 3,foo bar)])
all: ; @:
