# args: -n
all:
	@echo a

	$(warning recipe line $@)echo b
