$(info [$(frobnicate a,b)])
$(info [$(substx a,b,c)])
all: ; @:
