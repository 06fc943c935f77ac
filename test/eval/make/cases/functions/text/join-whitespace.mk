$(info [$(join  a	b  , x  y )])
$(info [$(join ,)])
$(info [$(join ,x)])
all: ; @:
