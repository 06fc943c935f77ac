# args: -n
all: $(wildcard wild/[ab].c)
	@echo $^
