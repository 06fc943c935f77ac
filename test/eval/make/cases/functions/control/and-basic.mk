$(info [$(and a,b,c)])
$(info [$(and a,,c)])
$(info [$(and ,a)])
$(info [$(and a)])
all: ; @:
