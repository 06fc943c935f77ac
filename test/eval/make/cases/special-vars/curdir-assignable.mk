CURDIR := elsewhere
$(info [$(CURDIR)] [$(origin CURDIR)])
all: ; @:
