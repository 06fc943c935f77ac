$(info [$(if a,b,c,d)])
$(info [$(if ,b,c,d)])
all: ; @:
