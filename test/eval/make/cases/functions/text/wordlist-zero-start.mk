$(info [$(wordlist 0,2,a b c)])
all: ; @:
