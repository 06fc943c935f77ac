# args: -n data/foo
# %.o: %.c without a recipe cancels the built-in rule, so data/foo is linked straight from
# data/foo.c rather than through data/foo.o.
%.o: %.c
all: ; @:
