$(info [$(filter   a	  b ,	a  b  c	a )])
all: ; @:
