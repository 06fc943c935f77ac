$(info [$(addprefix src/,foo bar)])
$(info [$(addprefix src/,)])
$(info [$(addprefix ,a b)])
$(info [$(addprefix a b ,c d)])
all: ; @:
