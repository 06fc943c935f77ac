a:b := 1
$(info [$(origin a:b)])
all: ; @:
