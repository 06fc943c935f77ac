$(info [$(or ,,c,d)])
$(info [$(or a,b)])
$(info [$(or ,,)])
$(info [$(or ,  ,x)])
all: ; @:
