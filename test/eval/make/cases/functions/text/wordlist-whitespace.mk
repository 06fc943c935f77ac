$(info [$(wordlist 2,3,	a   b	c   d )])
all: ; @:
