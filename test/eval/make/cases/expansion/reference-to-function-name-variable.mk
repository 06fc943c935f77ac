subst := S
$(info [$(subst)] [$(origin subst)])
$(info [$(subst )])
all: ; @:
