a := 1
undefine a
$(info [$(a)] [$(origin a)] [$(flavor a)])
all: ; @:
