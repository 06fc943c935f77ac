$(warning careful $(words a b))
$(warning a,b)
$(warning )
$(info [$(warning x)])
all: ; @:
