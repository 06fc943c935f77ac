a	=	value	
$(info [$(a)])
all: ; @:
