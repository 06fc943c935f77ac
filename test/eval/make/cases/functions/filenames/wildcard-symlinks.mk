$(info [$(wildcard wild/link.c wild/dangling.c)])
$(info [$(wildcard wild/*link*)])
all: ; @:
