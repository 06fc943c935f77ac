$(info [$(patsubst a%,<%>,a ab)])
$(info [$(patsubst %a,<%>,a ba)])
all: ; @:
