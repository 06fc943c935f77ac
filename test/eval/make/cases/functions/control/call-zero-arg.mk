f = [$(0)] [$(1)]
$(info $(call f,x))
$(info $(call  f ,x))
all: ; @:
