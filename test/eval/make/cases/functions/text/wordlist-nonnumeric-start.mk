$(info [$(wordlist a,2,a b c)])
all: ; @:
