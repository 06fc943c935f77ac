$(info [$(if a,yes,no)])
$(info [$(if ,yes,no)])
$(info [$(if ,yes)])
$(info [$(if x,yes)])
all: ; @:
