$(info [$(wordlist 1,0,a b c)])
all: ; @:
