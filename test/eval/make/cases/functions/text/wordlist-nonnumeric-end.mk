$(info [$(wordlist 1,z,a b c)])
all: ; @:
