f = [$(1)][$(2)][$(3)]
$(info $(call f,,,))
$(info $(call f))
all: ; @:
