$(info [$(findstring b  c,a b  c)])
$(info [$(findstring b  c,a b c)])
all: ; @:
