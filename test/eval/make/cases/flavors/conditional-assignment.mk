a ?= first
a ?= second
$(info [$(a)] [$(flavor a)])
b :=
b ?= x
$(info [$(b)])
all: ; @:
