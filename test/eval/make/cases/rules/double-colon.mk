# args: -n
all: dc
dc:: ; @echo first
dc:: ; @echo second
dc:: dep ; @echo third [$^]
dep: ; @echo dep
