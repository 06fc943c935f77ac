# args: -n -k
all: a b
a:
	$(MAKE) -f sub-error.inc
b:
	@echo b
