$(info [$(suffix . .. ...)])
$(info [$(basename . .. ...)])
all: ; @:
