x := X
xy := XY
$(info [$x] [$xy] [$(xy)])
a := $x)
$(info [$(a)])
all: ; @:
