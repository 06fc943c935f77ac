$(info [$(patsubst %.%,[%],a.b x%y.z)])
$(info [$(patsubst %,%%,a b)])
all: ; @:
