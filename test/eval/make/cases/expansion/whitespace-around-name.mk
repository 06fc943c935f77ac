x := X
$(info [$( x)] [$(x )])
all: ; @:
