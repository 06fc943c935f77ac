$(info [$(wildcard wild/[ab].c)])
$(info [$(wildcard wild/[!a].c)])
$(info [$(wildcard wild/?.h)])
all: ; @:
