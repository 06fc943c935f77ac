$(info [$(lastword foo bar)])
$(info [$(lastword )])
$(info [$(lastword   x  )])
$(info [$(lastword a b,c)])
all: ; @:
