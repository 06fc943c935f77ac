# args: one two
$(info [$(MAKECMDGOALS)] [$(origin MAKECMDGOALS)])
one two: ; @:
