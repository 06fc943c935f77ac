# args: -n
X := global
all: X ?= ignored
all: Y ?= set
all: ; @echo [$(X)] [$(Y)]
