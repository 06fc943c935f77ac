$(info [$(subst (x),[x],f(x) g(x))])
$(info [$(subst a,(b),aca)])
$(info [${subst {a},<a>,x{a}y}])
$(info [$(subst },),a}b)])
all: ; @:
