$(info [$(firstword foo bar)])
$(info [$(firstword )])
$(info [$(firstword   x  )])
$(info [$(firstword a,b c)])
all: ; @:
