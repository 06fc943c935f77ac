$(info [$(subst aa,b,aaaaa)])
$(info [$(subst ab,ba,aabb)])
all: ; @:
