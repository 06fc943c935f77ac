$(info [$(word 3,a b c)] [$(word 4,a b c)])
$(info [$(wordlist 3,100000,a b c d)])
all: ; @:
