a = one \
    two \
	three
b := x\
y
$(info [$(a)] [$(b)])
all: ; @:
