$(info [$(wordlist 5,9,a b c)])
$(info [$(wordlist 2,2,a b c)])
$(info [$(wordlist 3,3,a b c)])
all: ; @:
