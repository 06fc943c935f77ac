$(info [$(filter a b,b a c a b)])
all: ; @:
