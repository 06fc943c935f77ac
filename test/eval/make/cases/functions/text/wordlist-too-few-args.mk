$(info [$(wordlist 1,2)])
all: ; @:
