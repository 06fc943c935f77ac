$(info [${subst a,b,aaa}])
$(info [${patsubst %.c,%.o,${firstword x.c y.c}}])
$(info [$(subst },x,a}b)])
all: ; @:
