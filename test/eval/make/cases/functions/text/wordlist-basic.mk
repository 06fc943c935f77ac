$(info [$(wordlist 2, 3, foo bar baz)])
$(info [$(wordlist 1,10,a b c)])
$(info [$(wordlist 3,2,a b c d)])
all: ; @:
