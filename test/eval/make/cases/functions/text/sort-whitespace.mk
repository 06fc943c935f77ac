x := 	 b   a	c  
$(info [$(sort $(x))])
all: ; @:
