$(info [$(or a)] [$(or )])
all: ; @:
