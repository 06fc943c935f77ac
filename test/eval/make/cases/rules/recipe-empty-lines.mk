# args: -n
all:
	@echo a

	@echo b
	
	@echo c
