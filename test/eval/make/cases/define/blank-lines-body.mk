define b


endef
$(info [$(b)] [$(words $(b))])
all: ; @:
