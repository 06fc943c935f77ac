$(info [$(findstring a,a b c)])
$(info [$(findstring a,b c)])
$(info [$(findstring  b c,a b c d)])
all: ; @:
