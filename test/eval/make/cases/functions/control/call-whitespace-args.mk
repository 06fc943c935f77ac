f = <$(1)><$(2)>
$(info [$(call f, a , b )])
$(info [$(call f,a ,)])
all: ; @:
