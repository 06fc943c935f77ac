$(info [$(word 2,a,b c,d)])
$(info [$(firstword ,a,b)])
$(info [$(strip a,,b)])
all: ; @:
