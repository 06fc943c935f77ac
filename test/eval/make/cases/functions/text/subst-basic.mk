$(info [$(subst ee,EE,feet on the street)])
$(info [$(subst o,0,foo boo)])
all: ; @:
