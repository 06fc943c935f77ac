$(info [$(join a b,.c .o)])
$(info [$(join a b c,.c)])
$(info [$(join a,.c .o .h)])
all: ; @:
