$(info [$(or a,$(error not evaluated))])
$(info [$(or ,b,$(error not evaluated))])
all: ; @:
