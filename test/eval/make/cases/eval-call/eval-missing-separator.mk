define block
ok := 1
not a valid line
endef


$(eval $(block))
all: ; @:
