$(info [$(wildcard wild/sp*)])
$(info [$(wildcard wild/sp\ ace.c)])
all: ; @:
