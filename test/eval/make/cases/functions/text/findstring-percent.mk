$(info [$(findstring %,a%b)])
$(info [$(findstring a%,a%b)])
all: ; @:
