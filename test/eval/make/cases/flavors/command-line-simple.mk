# args: a:=$(b) b=B
$(info [$(a)] [$(flavor a)] [$(b)])
all: ; @:
