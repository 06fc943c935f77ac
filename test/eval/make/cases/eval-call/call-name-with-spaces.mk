 f = ok
f = [$(0)]
$(info $(call f ,x) $(call  f,y))
all: ; @:
