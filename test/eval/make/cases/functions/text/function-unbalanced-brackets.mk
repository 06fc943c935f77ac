$(info [$(subst (,{,a(b}c)])
$(info [${subst {,(,a{b)c}])
all: ; @:
