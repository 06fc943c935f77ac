$(info [$(if a,  b  ,c)])
$(info [$(if , b , c )])
all: ; @:
