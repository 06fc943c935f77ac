( := open
) := close
a := $(()
b := ${)}
c := $()
$(info [$(a)] [$(b)] [$(c)])
all: ; @:
