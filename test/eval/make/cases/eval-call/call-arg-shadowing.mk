1 := global-one
f = [$(1)]
$(info $(call f,arg) [$(1)])
all: ; @:
