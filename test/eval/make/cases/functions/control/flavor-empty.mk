e =
f :=
$(info [$(flavor e)] [$(flavor f)] [$(flavor )])
all: ; @:
