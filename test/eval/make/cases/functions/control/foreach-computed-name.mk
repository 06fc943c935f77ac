n := it
$(info [$(foreach $(n),a b,[$(it)])])
all: ; @:
