x :=   a   b		c  
$(info [$(strip $(x))])
$(info [$(strip )])
$(info [$(strip 	 )])
all: ; @:
