a := $$(b)
b := B
c := $(a)
$(info [$(c)])
all: ; @:
