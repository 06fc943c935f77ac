$(info [$(intcmp 1,2,lt,eq,gt)])
$(info [$(intcmp 1,1)])
$(info [$(flavor intcmp 1,2)])
all: ; @:
