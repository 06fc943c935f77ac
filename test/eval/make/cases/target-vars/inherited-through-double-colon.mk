# args: -n
all: X := outer
all: dc ; @:
dc:: ; @echo first [$(X)]
dc:: ; @echo second [$(X)]
