$(info [$(findstring ,abc)])
$(info [$(findstring a,)])
$(info [$(findstring ,)])
all: ; @:
