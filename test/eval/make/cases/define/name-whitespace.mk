define   spaced   
x
endef
$(info [$(spaced)])
all: ; @:
