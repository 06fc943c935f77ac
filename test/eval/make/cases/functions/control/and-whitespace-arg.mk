$(info [$(and a, ,c)])
$(info [$(or  , ,)])
all: ; @:
