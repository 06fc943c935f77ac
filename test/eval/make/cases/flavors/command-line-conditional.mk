# args: a?=x
a ?= file
$(info [$(a)] [$(origin a)])
all: ; @:
