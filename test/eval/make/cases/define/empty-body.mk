define e
endef
$(info [$(e)] [$(origin e)] [$(flavor e)])
all: ; @:
