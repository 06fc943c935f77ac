a += x
b := 1
b += 2
c ?= 3
c += 4
$(info [$(flavor a)] [$(flavor b)] [$(flavor c)])
all: ; @:
