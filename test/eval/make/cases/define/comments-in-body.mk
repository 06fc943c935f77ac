define v
# not a comment here
x # nor here
endef
$(info [$(v)])
all: ; @:
