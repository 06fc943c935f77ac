export = e
$(info [$(export)])
export:=f
$(info [$(export)])
all: ; @:
