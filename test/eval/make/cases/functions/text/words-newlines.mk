define two
a
b
endef
$(info [$(words $(two))])
all: ; @:
