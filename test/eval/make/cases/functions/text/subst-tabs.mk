t := a	b		c
$(info [$(subst 	,|,$(t))])
all: ; @:
